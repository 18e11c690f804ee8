resource "google_sql_database_instance" "ledger" {
  name                = "ledger-db"
  region              = var.region
  database_version    = "POSTGRES_15"
  deletion_protection = true

  settings {
    tier = "db-custom-1-3840"

    user_labels = {
      team = "payments"
    }

    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.main.id
      ssl_mode        = "ENCRYPTED_ONLY"
    }

    backup_configuration {
      enabled = true
    }
  }

  depends_on = [google_service_networking_connection.sql]
}

resource "google_sql_database" "ledger" {
  name     = "ledger"
  instance = google_sql_database_instance.ledger.name
}

resource "google_sql_user" "app" {
  name     = "ledger_app"
  instance = google_sql_database_instance.ledger.name
  password = random_password.db.result
}
