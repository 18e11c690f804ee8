variable "region" {
  type        = string
  description = "AWS region of the test environment."
  default     = "eu-west-1"
}

variable "environment" {
  type        = string
  description = "Environment name, used in names and the Environment tag."
  default     = "test"
}

variable "vpc_cidr" {
  type        = string
  description = "CIDR of the test VPC. Must not overlap production (10.20.0.0/16)."
  default     = "10.40.0.0/16"
}

variable "qa_cidrs" {
  type        = list(string)
  description = "Ranges allowed to reach the load balancer (QA office and VPN)."
  default     = ["203.0.113.0/24"]
}

variable "app_port" {
  type        = number
  description = "Port the orders API listens on."
  default     = 8080
}

variable "app_image_ami" {
  type        = string
  description = "AMI of the orders API."
  default     = "ami-0a1b2c3d4e5f67890"
}
