# The stack is live: these blocks tell Terraform that the old addresses are the same objects,
# so the refactor changes no infrastructure.

moved {
  from = aws_subnet.public_a
  to   = aws_subnet.public["a"]
}

moved {
  from = aws_route_table_association.public_a
  to   = aws_route_table_association.public["a"]
}

moved {
  from = aws_subnet.public_b
  to   = aws_subnet.public["b"]
}

moved {
  from = aws_route_table_association.public_b
  to   = aws_route_table_association.public["b"]
}

moved {
  from = aws_instance.web_1
  to   = module.web_server["web-1"].aws_instance.this
}

moved {
  from = aws_ebs_volume.web_1_data
  to   = module.web_server["web-1"].aws_ebs_volume.data
}

moved {
  from = aws_volume_attachment.web_1_data
  to   = module.web_server["web-1"].aws_volume_attachment.data
}

moved {
  from = aws_instance.web_2
  to   = module.web_server["web-2"].aws_instance.this
}

moved {
  from = aws_ebs_volume.web_2_data
  to   = module.web_server["web-2"].aws_ebs_volume.data
}

moved {
  from = aws_volume_attachment.web_2_data
  to   = module.web_server["web-2"].aws_volume_attachment.data
}

moved {
  from = aws_instance.web_3
  to   = module.web_server["web-3"].aws_instance.this
}

moved {
  from = aws_ebs_volume.web_3_data
  to   = module.web_server["web-3"].aws_ebs_volume.data
}

moved {
  from = aws_volume_attachment.web_3_data
  to   = module.web_server["web-3"].aws_volume_attachment.data
}
