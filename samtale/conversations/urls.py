from django.urls import path

from samtale.conversations import feeds, kind_views, pdf, views
from samtale.conversations.documents import views as document_views
from samtale.conversations.followups import views as followup_views

app_name = "conversations"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("mine-medarbejdere/", views.overview, name="overview"),
    path("planlaeg/", views.plan, name="plan"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tidspunkt/", views.schedule, name="schedule"),
    path("<int:pk>/aflys/", views.cancel, name="cancel"),
    path("<int:pk>/afholdt/", views.hold, name="hold"),
    path("<int:pk>/referat/", views.summary, name="summary"),
    path("<int:pk>/referat/del/", views.share_summary, name="share_summary"),
    path("<int:pk>/referat/svar/", views.respond, name="respond"),
    path("laest/", views.reads, name="reads"),
    path("<int:pk>/forberedelse/", views.prepare, name="prepare"),
    path("<int:pk>/forberedelse/gem/", views.prepare_save, name="prepare_save"),
    path("<int:pk>/forberedelse/del/", views.share_preparation, name="share_preparation"),
    path("<int:pk>/teamforberedelse/", views.prepare, {"team": True}, name="prepare_team"),
    path(
        "<int:pk>/teamforberedelse/gem/",
        views.prepare_save,
        {"team": True},
        name="prepare_team_save",
    ),
    path(
        "<int:pk>/teamforberedelse/del/",
        views.share_preparation,
        {"team": True},
        name="share_team_preparation",
    ),
    path("<int:pk>/tema/", views.propose_theme, name="propose_theme"),
    path("<int:pk>/tema/<int:item>/fjern/", views.withdraw_theme, name="withdraw_theme"),
    path("bed-om/", views.ask, name="ask"),
    path("<int:pk>/noter/", views.save_note, name="save_note"),
    path("<int:pk>/noter/faelles/", views.save_note, {"shared": True}, name="save_shared_note"),
    path("<int:pk>/luk/", views.close, name="close"),
    path("samtaletyper/", kind_views.kinds, name="kinds"),
    path("samtaletyper/<slug:code>/", kind_views.kind_edit, name="kind_edit"),
    path("kalender/", feeds.feed_settings, name="feed_settings"),
    path("kalender/<slug:token>.ics", feeds.feed, name="feed"),
    path("<int:pk>/pdf/", pdf.download, name="pdf"),
]

# Follow-up conversations on request (samtale.conversations.followups).

urlpatterns += [
    path("opfoelgning/", followup_views.leader_list, name="followups"),
    path("<int:pk>/opfoelgning/", followup_views.request_follow_up, name="followup_request"),
    path("opfoelgning/<int:pk>/", followup_views.detail, name="followup_detail"),
    path("opfoelgning/<int:pk>/planlaeg/", followup_views.plan_follow_up, name="followup_plan"),
    path("opfoelgning/<int:pk>/traek-tilbage/", followup_views.withdraw, name="followup_withdraw"),
]

# Documents attached to a conversation (samtale.conversations.documents).

urlpatterns += [
    path("<int:pk>/dokumenter/", document_views.upload, name="documents_upload"),
    path(
        "<int:pk>/dokumenter/<int:document>/",
        document_views.download,
        name="document_download",
    ),
    path(
        "<int:pk>/dokumenter/<int:document>/slet/",
        document_views.delete,
        name="document_delete",
    ),
]
