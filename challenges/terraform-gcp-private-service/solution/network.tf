resource "google_compute_network" "main" {
  name                    = "ledger"
  auto_create_subnetworks = false
}

resource "google_compute_subnetwork" "app" {
  name                     = "ledger-app"
  network                  = google_compute_network.main.id
  region                   = var.region
  ip_cidr_range            = "10.30.0.0/24"
  private_ip_google_access = true
}

# Private services access: the range Cloud SQL's private IP comes from, peered into the VPC.
resource "google_compute_global_address" "sql_range" {
  name          = "ledger-sql-range"
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = 20
  network       = google_compute_network.main.id
}

resource "google_service_networking_connection" "sql" {
  network                 = google_compute_network.main.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.sql_range.name]
}
