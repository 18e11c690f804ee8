terraform {
  required_version = ">= 1.6.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  # Same state bucket and lock table as production, but the test environment's own state object.
  backend "s3" {
    bucket         = "acme-orders-tfstate"
    key            = "orders/test/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "orders-tf-locks"
    encrypt        = true
  }
}
