output "instance_id" {
  description = "ID of the EC2 instance."
  value       = aws_instance.this.id
}

output "private_ip" {
  description = "Private IP address of the instance."
  value       = aws_instance.this.private_ip
}

output "data_volume_id" {
  description = "ID of the data volume."
  value       = aws_ebs_volume.data.id
}
