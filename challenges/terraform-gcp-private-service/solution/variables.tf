variable "project_id" {
  description = "The payments project."
  type        = string
  default     = "acme-payments-prod"
}

variable "region" {
  description = "Where the ledger runs."
  type        = string
  default     = "europe-west1"
}

variable "image" {
  description = "The ledger API's container image."
  type        = string
  default     = "europe-docker.pkg.dev/acme-payments-prod/ledger/api:1.8.2"
}
