from django.urls import path

from samtale.questionnaires import views

app_name = "questionnaires"
urlpatterns = [
    path("", views.form_list, name="list"),
    path("new/", views.form_create, name="create"),
    path("<int:pk>/", views.form_detail, name="form"),
    path("<int:pk>/new-draft/", views.draft_create, name="new_draft"),
    path("versions/<int:pk>/", views.version_edit, name="version"),
    path("versions/<int:pk>/preview/", views.version_preview, name="preview"),
    path("versions/<int:pk>/publish/", views.version_publish, name="publish"),
    path("versions/<int:pk>/delete/", views.version_delete, name="delete_draft"),
    path("versions/<int:pk>/sections/new/", views.section_add, name="section_add"),
    path("sections/<int:pk>/", views.section_edit, name="section"),
    path("sections/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("sections/<int:pk>/move/", views.section_move, name="section_move"),
    path("sections/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("questions/<int:pk>/", views.question_edit, name="question"),
    path("questions/<int:pk>/delete/", views.question_delete, name="question_delete"),
    path("questions/<int:pk>/move/", views.question_move, name="question_move"),
]
