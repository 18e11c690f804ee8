# orders-test: an isolated copy of the orders stack for QA.
#
# Bootstrapped from the root module of orders-prod (infra/orders/prod) so the provider and state
# settings match what CI expects. Everything below still needs adapting for the test environment;
# see the ticket for what QA needs.

terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  backend "s3" {
    bucket         = "acme-orders-tfstate"
    key            = "orders/prod/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "orders-tf-locks"
    encrypt        = true
  }
}

provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      Environment = "prod"
      Project     = "orders"
      ManagedBy   = "terraform"
    }
  }
}

resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = { Name = "orders-prod" }
}

# TODO: subnets, routing, load balancer, application, database.
