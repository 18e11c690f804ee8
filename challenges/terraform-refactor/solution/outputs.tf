output "vpc_id" {
  description = "ID of the storefront VPC."
  value       = aws_vpc.main.id
}

output "web_server_ids" {
  description = "Instance ID of each web server, by name."
  value       = { for name, server in module.web_server : name => server.instance_id }
}

output "web_server_private_ips" {
  description = "Private IP address of each web server, by name."
  value       = { for name, server in module.web_server : name => server.private_ip }
}

output "assets_bucket_name" {
  description = "Name of the static assets bucket."
  value       = aws_s3_bucket.assets.bucket
}
