from django.urls import path

from samtale.rounds import (
    agreement_views,
    booking_views,
    goal_views,
    handover_views,
    progress_views,
    report_views,
    term_views,
    views,
)

app_name = "rounds"
urlpatterns = [
    path("", views.rounds, name="list"),
    path("ny/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/information/", views.information, name="information"),
    path("<int:pk>/meld-ud/", views.announce, name="announce"),
    path("<int:pk>/lav-det-manglende/", views.relaunch, name="relaunch"),
    path("<int:pk>/igangsaetning/", views.launch_progress, name="launch_progress"),
    path("<int:pk>/luk/", views.close, name="close"),
    # progress (steering)
    path("<int:pk>/fremdrift/", progress_views.progress_page, name="progress"),
    path("<int:pk>/fremdrift/enhed/<int:unit>/", progress_views.unit_leaders, name="progress_unit"),
    path(
        "<int:pk>/fremdrift/leder/<int:leader>/",
        progress_views.leader_people,
        name="progress_leader",
    ),
    # the report: while the round runs, and once it is closed
    path("<int:pk>/rapport/", report_views.page, name="report"),
    path("<int:pk>/rapport.pdf", report_views.pdf, name="report_pdf"),
    path("<int:pk>/rapport.xlsx", report_views.xlsx, name="report_xlsx"),
    # the terms
    path("<int:pk>/ret/", term_views.change, name="change"),
    path("<int:pk>/enheder/", term_views.units, name="units"),
    path("<int:pk>/samtaletyper/", term_views.kinds, name="kinds"),
    path("<int:pk>/samtaletyper/<slug:code>/", term_views.kind, name="kind"),
    path("<int:pk>/skemaer/", term_views.add_variant, name="add_variant"),
    path("<int:pk>/skemaer/<int:variant>/fjern/", term_views.remove_variant, name="remove_variant"),
    path("<int:pk>/temaer/ny/", term_views.theme, name="add_theme"),
    path("<int:pk>/temaer/<int:theme>/", term_views.theme, name="change_theme"),
    path("<int:pk>/temaer/<int:theme>/fjern/", term_views.remove_theme, name="remove_theme"),
    path("<int:pk>/grus/", term_views.grus, name="grus"),
    path("<int:pk>/grus/<int:team>/fjern/", term_views.remove_grus, name="remove_grus"),
    # the agreement with TR and AMR
    path("<int:pk>/kommentar/", agreement_views.comment, name="comment"),
    path("<int:pk>/godkend/", agreement_views.sign_off, name="sign_off"),
    path("<int:pk>/med/", agreement_views.med_agreement, name="med_agreement"),
    path("<int:pk>/referat/", agreement_views.minutes, name="minutes"),
    # booking: the leader's offered times, the employee's choice
    path("<int:pk>/tider/", booking_views.times, name="times"),
    path("<int:pk>/tider/giv/", booking_views.assign, name="assign"),
    path("<int:pk>/tider/<int:slot>/tag-tilbage/", booking_views.withdraw, name="withdraw"),
    path("<int:pk>/book/", booking_views.choose, name="choose"),
    path("<int:pk>/book/<int:slot>/", booking_views.book, name="book"),
    # a person who changed leader mid-round
    path("<int:pk>/skiftet-leder/", handover_views.changed_leaders, name="changed_leaders"),
    path(
        "<int:pk>/skiftet-leder/<int:conversation>/overdrag/",
        handover_views.hand_over,
        name="hand_over",
    ),
    # strategic goals and rules per unit
    path("maal/", goal_views.goals, name="goals"),
    path("maal/<int:pk>/", goal_views.change_goal, name="change_goal"),
    path("maal/<int:pk>/udgaaet/", goal_views.retire_goal, name="retire_goal"),
    path("regler/", goal_views.unit_rules, name="unit_rules"),
    path("regler/<int:pk>/", goal_views.unit_rule, name="unit_rule"),
]
