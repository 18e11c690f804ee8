resource "google_service_account" "ledger" {
  account_id = "ledger-run"
}

resource "google_project_iam_member" "ledger_sql_client" {
  project = var.project_id
  role    = "roles/cloudsql.client"
  member  = google_service_account.ledger.member
}

resource "google_secret_manager_secret_iam_member" "ledger_db_password" {
  secret_id = google_secret_manager_secret.db_password.id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.ledger.email}"
}
