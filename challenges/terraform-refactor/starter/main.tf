# Storefront web tier (eu-west-1).
# Started as a quick prototype; everything has been added here since, mostly by copy and paste.

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAFAKE0EXAMPLE0KEY"
  secret_key = "fAkE0sEcReT0kEy0dO0nOt0UsE0eXaMpLe000000"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_hostnames = true
}

resource "aws_subnet" "public_a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.1.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = true
}

resource "aws_subnet" "public_b" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.2.0/24"
  availability_zone       = "eu-west-1b"
  map_public_ip_on_launch = true
}

resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.main.id
  }
}

resource "aws_route_table_association" "public_a" {
  subnet_id      = aws_subnet.public_a.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "public_b" {
  subnet_id      = aws_subnet.public_b.id
  route_table_id = aws_route_table.public.id
}

resource "aws_security_group" "web" {
  name        = "storefront-web"
  description = "Storefront web servers"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "HTTP"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  # TODO: lock this down before launch
  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_instance" "web_1" {
  ami                    = "ami-0a1b2c3d4e5f60718"
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.public_a.id
  vpc_security_group_ids = [aws_security_group.web.id]
  user_data              = "#!/bin/bash\ndnf install -y nginx && systemctl enable --now nginx\n"
}

resource "aws_instance" "web_2" {
  ami                    = "ami-0a1b2c3d4e5f60718"
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.public_b.id
  vpc_security_group_ids = [aws_security_group.web.id]
  user_data              = "#!/bin/bash\ndnf install -y nginx && systemctl enable --now nginx\n"
}

resource "aws_instance" "web_3" {
  ami                    = "ami-0a1b2c3d4e5f60718"
  instance_type          = "t3.small"
  subnet_id              = aws_subnet.public_a.id
  vpc_security_group_ids = [aws_security_group.web.id]
  user_data              = "#!/bin/bash\ndnf install -y nginx && systemctl enable --now nginx\n"
}

resource "aws_ebs_volume" "web_1_data" {
  availability_zone = "eu-west-1a"
  size              = 20
  type              = "gp3"
}

resource "aws_ebs_volume" "web_2_data" {
  availability_zone = "eu-west-1b"
  size              = 20
  type              = "gp3"
}

resource "aws_ebs_volume" "web_3_data" {
  availability_zone = "eu-west-1a"
  size              = 20
  type              = "gp3"
}

resource "aws_volume_attachment" "web_1_data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.web_1_data.id
  instance_id = aws_instance.web_1.id
}

resource "aws_volume_attachment" "web_2_data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.web_2_data.id
  instance_id = aws_instance.web_2.id
}

resource "aws_volume_attachment" "web_3_data" {
  device_name = "/dev/sdf"
  volume_id   = aws_ebs_volume.web_3_data.id
  instance_id = aws_instance.web_3.id
}

resource "aws_s3_bucket" "assets" {
  bucket = "storefront-assets-prod"
}
