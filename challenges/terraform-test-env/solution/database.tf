resource "aws_db_subnet_group" "orders" {
  name       = "orders-${var.environment}"
  subnet_ids = aws_subnet.data[*].id
}

resource "aws_db_instance" "orders" {
  identifier                  = "orders-${var.environment}"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.micro"
  allocated_storage           = 20
  storage_encrypted           = true
  db_name                     = "orders"
  username                    = "orders"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.orders.name
  vpc_security_group_ids      = [aws_security_group.db.id]
  publicly_accessible         = false
  multi_az                    = false
  skip_final_snapshot         = true
  deletion_protection         = false
}
