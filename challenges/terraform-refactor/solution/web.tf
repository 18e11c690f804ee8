module "web_server" {
  source   = "./modules/web_server"
  for_each = var.web_servers

  name               = each.key
  ami_id             = var.ami_id
  instance_type      = var.instance_type
  subnet_id          = aws_subnet.public[each.value.zone].id
  security_group_ids = [aws_security_group.web.id]
  data_volume_size   = var.data_volume_size
}
