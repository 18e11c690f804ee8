output "url" {
  description = "Where QA reaches the test environment."
  value       = "https://${aws_lb.app.dns_name}"
}

output "database_endpoint" {
  description = "PostgreSQL endpoint, reachable from the application subnets only."
  value       = aws_db_instance.orders.endpoint
}
