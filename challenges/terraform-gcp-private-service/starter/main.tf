# The ledger API as it was put up for the demo. Security's review: PAY-412.

terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 5.30"
    }
  }
}

provider "google" {
  project = "acme-payments-prod"
  region  = "europe-west1"
}

data "google_compute_default_service_account" "default" {}

# "Temporary": the demo team needed to debug a VM.
resource "google_compute_firewall" "debug_ssh" {
  name          = "allow-ssh-debug"
  network       = "default"
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_project_iam_member" "runtime_editor" {
  project = "acme-payments-prod"
  role    = "roles/editor"
  member  = "serviceAccount:${data.google_compute_default_service_account.default.email}"
}

resource "google_sql_database_instance" "ledger" {
  name                = "ledger-db"
  region              = "europe-west1"
  database_version    = "POSTGRES_15"
  deletion_protection = false

  settings {
    tier = "db-f1-micro"

    ip_configuration {
      ipv4_enabled = true

      authorized_networks {
        name  = "anywhere"
        value = "0.0.0.0/0"
      }
    }
  }
}

resource "google_sql_database" "ledger" {
  name     = "ledger"
  instance = google_sql_database_instance.ledger.name
}

resource "google_sql_user" "app" {
  name     = "ledger_app"
  instance = google_sql_database_instance.ledger.name
  password = "Ledger-Demo-2024!"
}

resource "google_cloud_run_v2_service" "ledger" {
  name     = "ledger-api"
  location = "europe-west1"
  ingress  = "INGRESS_TRAFFIC_ALL"

  template {
    containers {
      image = "europe-docker.pkg.dev/acme-payments-prod/ledger/api:1.8.2"

      ports {
        container_port = 8080
      }

      env {
        name  = "DB_HOST"
        value = google_sql_database_instance.ledger.public_ip_address
      }
      env {
        name  = "DB_USER"
        value = google_sql_user.app.name
      }
      env {
        name  = "DB_PASSWORD"
        value = "Ledger-Demo-2024!"
      }
    }
  }
}

resource "google_cloud_run_v2_service_iam_member" "public" {
  name     = google_cloud_run_v2_service.ledger.name
  location = google_cloud_run_v2_service.ledger.location
  role     = "roles/run.invoker"
  member   = "allUsers"
}
