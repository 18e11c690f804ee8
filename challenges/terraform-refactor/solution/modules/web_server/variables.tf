variable "name" {
  type        = string
  description = "Name of the web server (its Name tag)."
}

variable "ami_id" {
  type        = string
  description = "AMI to launch."
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type."
  default     = "t3.small"
}

variable "subnet_id" {
  type        = string
  description = "Subnet to launch the instance in."
}

variable "security_group_ids" {
  type        = list(string)
  description = "Security groups of the instance."
}

variable "user_data" {
  type        = string
  description = "Boot script; the default installs and starts nginx."
  default     = "#!/bin/bash\ndnf install -y nginx && systemctl enable --now nginx\n"
}

variable "data_volume_size" {
  type        = number
  description = "Size in GiB of the data volume."
  default     = 20
}

variable "data_device_name" {
  type        = string
  description = "Device name the data volume is attached as."
  default     = "/dev/sdf"
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for the instance and its volume (the provider's default_tags apply too)."
  default     = {}
}
