variable "region" {
  type        = string
  description = "AWS region the stack runs in."
  default     = "eu-west-1"
}

variable "project" {
  type        = string
  description = "Project name, used in resource names and the Project tag."
  default     = "storefront"
}

variable "environment" {
  type        = string
  description = "Environment name (prod, staging...), used in the Environment tag."
  default     = "prod"
}

variable "extra_tags" {
  type        = map(string)
  description = "Additional tags for every resource (Project and Environment always win)."
  default     = {}
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR block of the VPC."
  default     = "10.20.0.0/16"
}

variable "public_subnets" {
  type        = map(string)
  description = "Public subnets: availability-zone letter (appended to the region) => CIDR block."
  default = {
    a = "10.20.1.0/24"
    b = "10.20.2.0/24"
  }
}

variable "web_servers" {
  type = map(object({
    zone = string
  }))
  description = "Web servers to run: name => the availability-zone letter of its public subnet."
  default = {
    "web-1" = { zone = "a" }
    "web-2" = { zone = "b" }
    "web-3" = { zone = "a" }
  }
}

variable "ami_id" {
  type        = string
  description = "AMI of the web servers."
  default     = "ami-0a1b2c3d4e5f60718"
}

variable "instance_type" {
  type        = string
  description = "EC2 instance type of the web servers."
  default     = "t3.small"
}

variable "data_volume_size" {
  type        = number
  description = "Size in GiB of each web server's data volume."
  default     = 20
}

variable "ssh_allowed_cidrs" {
  type        = list(string)
  description = "CIDR blocks allowed to reach the web servers over SSH (the VPN / bastion range). Never the internet."
  default     = ["10.20.0.0/16"]

  validation {
    condition     = alltrue([for cidr in var.ssh_allowed_cidrs : !contains(["0.0.0.0/0", "::/0"], cidr)])
    error_message = "SSH must not be open to the internet."
  }
}

variable "assets_bucket_name" {
  type        = string
  description = "Name of the S3 bucket holding the storefront's static assets."
  default     = "storefront-assets-prod"
}
