# Nobody needs SSH or RDP from the internet; this deny wins over any allow added later at a lower priority.
resource "google_compute_firewall" "deny_admin_from_internet" {
  name          = "ledger-deny-admin-from-internet"
  network       = google_compute_network.main.id
  priority      = 100
  source_ranges = ["0.0.0.0/0"]

  deny {
    protocol = "tcp"
    ports    = ["22", "3389"]
  }
}
