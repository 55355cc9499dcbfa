//! The network: a VPC over two zones, public subnets for the load balancer and the NAT
//! gateway, private ones for the tasks and the database.

use serde_json::json;

use super::cfn::{Resources, att, az, r, tags};

/// One NAT gateway (about $33/month) is cheaper than the four interface endpoints the tasks
/// would need (ECR API, ECR images, logs, secrets: about $58/month in two zones), and it also
/// reaches the APIs the app calls.
pub fn add(res: &mut Resources) {
    res.add(
        "Vpc",
        "AWS::EC2::VPC",
        json!({
            "CidrBlock": "10.0.0.0/16",
            "EnableDnsSupport": true,
            "EnableDnsHostnames": true,
            "Tags": tags("${AWS::StackName}")
        }),
    );
    res.add(
        "InternetGateway",
        "AWS::EC2::InternetGateway",
        json!({ "Tags": tags("${AWS::StackName}") }),
    );
    res.add(
        "GatewayAttachment",
        "AWS::EC2::VPCGatewayAttachment",
        json!({ "VpcId": r("Vpc"), "InternetGatewayId": r("InternetGateway") }),
    );
    for (i, (id, cidr, kind)) in [
        ("PublicSubnetA", "10.0.0.0/24", "public"),
        ("PublicSubnetB", "10.0.1.0/24", "public"),
        ("PrivateSubnetA", "10.0.10.0/24", "private"),
        ("PrivateSubnetB", "10.0.11.0/24", "private"),
    ]
    .into_iter()
    .enumerate()
    {
        res.add(
            id,
            "AWS::EC2::Subnet",
            json!({
                "VpcId": r("Vpc"),
                "CidrBlock": cidr,
                "AvailabilityZone": az((i % 2) as u32),
                "Tags": tags(&format!("${{AWS::StackName}}-{kind}-{}", i % 2)),
            }),
        );
    }
    res.add(
        "PublicRouteTable",
        "AWS::EC2::RouteTable",
        json!({ "VpcId": r("Vpc"), "Tags": tags("${AWS::StackName}-public") }),
    );
    res.add(
        "PublicRoute",
        "AWS::EC2::Route",
        json!({
            "RouteTableId": r("PublicRouteTable"),
            "DestinationCidrBlock": "0.0.0.0/0",
            "GatewayId": r("InternetGateway")
        }),
    )
    .insert("DependsOn".into(), json!("GatewayAttachment"));
    res.add(
        "NatAddress",
        "AWS::EC2::EIP",
        json!({ "Domain": "vpc", "Tags": tags("${AWS::StackName}-nat") }),
    )
    .insert("DependsOn".into(), json!("GatewayAttachment"));
    res.add(
        "NatGateway",
        "AWS::EC2::NatGateway",
        json!({
            "AllocationId": att("NatAddress", "AllocationId"),
            "SubnetId": r("PublicSubnetA"),
            "Tags": tags("${AWS::StackName}")
        }),
    );
    res.add(
        "PrivateRouteTable",
        "AWS::EC2::RouteTable",
        json!({ "VpcId": r("Vpc"), "Tags": tags("${AWS::StackName}-private") }),
    );
    res.add(
        "PrivateRoute",
        "AWS::EC2::Route",
        json!({
            "RouteTableId": r("PrivateRouteTable"),
            "DestinationCidrBlock": "0.0.0.0/0",
            "NatGatewayId": r("NatGateway")
        }),
    );
    for (id, subnet, table) in [
        ("PublicSubnetARoutes", "PublicSubnetA", "PublicRouteTable"),
        ("PublicSubnetBRoutes", "PublicSubnetB", "PublicRouteTable"),
        (
            "PrivateSubnetARoutes",
            "PrivateSubnetA",
            "PrivateRouteTable",
        ),
        (
            "PrivateSubnetBRoutes",
            "PrivateSubnetB",
            "PrivateRouteTable",
        ),
    ] {
        res.add(
            id,
            "AWS::EC2::SubnetRouteTableAssociation",
            json!({ "SubnetId": r(subnet), "RouteTableId": r(table) }),
        );
    }
}
