//! The network: a VPC over two zones, public subnets for the load balancer and the NAT
//! gateway, private ones for the tasks and the database; or, in existing-VPC mode (the
//! `VpcId` parameter set), the person's own VPC and subnets. Every network resource has the
//! condition `CreateVpc`, and everything that names the VPC or a subnet goes through the
//! functions below, so one template does both.

use serde_json::{Map, Value, json};

use super::cfn::{Resources, att, az, r, tags};

/// The address range of the VPC the stack creates.
const CREATED_CIDR: &str = "10.0.0.0/16";

fn if_create_vpc(created: Value, existing: Value) -> Value {
    json!({ "Fn::If": ["CreateVpc", created, existing] })
}

/// The VPC's id: the stack's own, or the `VpcId` parameter.
pub fn vpc_id() -> Value {
    if_create_vpc(r("Vpc"), r("VpcId"))
}

/// The VPC's address range, for security group rules inside it.
pub fn vpc_cidr() -> Value {
    if_create_vpc(json!(CREATED_CIDR), r("VpcCidr"))
}

/// The subnets of the load balancer.
pub fn public_subnets() -> Value {
    if_create_vpc(
        json!([r("PublicSubnetA"), r("PublicSubnetB")]),
        r("PublicSubnetIds"),
    )
}

/// The subnets of the tasks, the database and the cache.
pub fn private_subnets() -> Value {
    if_create_vpc(
        json!([r("PrivateSubnetA"), r("PrivateSubnetB")]),
        r("PrivateSubnetIds"),
    )
}

/// The private subnets as one comma-separated string (a stack output the pipeline splits).
pub fn private_subnets_joined() -> Value {
    if_create_vpc(
        json!({ "Fn::Join": [",", [r("PrivateSubnetA"), r("PrivateSubnetB")]] }),
        json!({ "Fn::Join": [",", r("PrivateSubnetIds")] }),
    )
}

/// One NAT gateway (about $33/month) is cheaper than the four interface endpoints the tasks
/// would need (ECR API, ECR images, logs, secrets: about $58/month in two zones), and it also
/// reaches the APIs the app calls.
pub fn add(res: &mut Resources) {
    let mut net = Resources(Map::new());
    net.add(
        "Vpc",
        "AWS::EC2::VPC",
        json!({
            "CidrBlock": CREATED_CIDR,
            "EnableDnsSupport": true,
            "EnableDnsHostnames": true,
            "Tags": tags("${AWS::StackName}")
        }),
    );
    net.add(
        "InternetGateway",
        "AWS::EC2::InternetGateway",
        json!({ "Tags": tags("${AWS::StackName}") }),
    );
    net.add(
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
        net.add(
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
    net.add(
        "PublicRouteTable",
        "AWS::EC2::RouteTable",
        json!({ "VpcId": r("Vpc"), "Tags": tags("${AWS::StackName}-public") }),
    );
    net.add(
        "PublicRoute",
        "AWS::EC2::Route",
        json!({
            "RouteTableId": r("PublicRouteTable"),
            "DestinationCidrBlock": "0.0.0.0/0",
            "GatewayId": r("InternetGateway")
        }),
    )
    .insert("DependsOn".into(), json!("GatewayAttachment"));
    net.add(
        "NatAddress",
        "AWS::EC2::EIP",
        json!({ "Domain": "vpc", "Tags": tags("${AWS::StackName}-nat") }),
    )
    .insert("DependsOn".into(), json!("GatewayAttachment"));
    net.add(
        "NatGateway",
        "AWS::EC2::NatGateway",
        json!({
            "AllocationId": att("NatAddress", "AllocationId"),
            "SubnetId": r("PublicSubnetA"),
            "Tags": tags("${AWS::StackName}")
        }),
    );
    net.add(
        "PrivateRouteTable",
        "AWS::EC2::RouteTable",
        json!({ "VpcId": r("Vpc"), "Tags": tags("${AWS::StackName}-private") }),
    );
    net.add(
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
        net.add(
            id,
            "AWS::EC2::SubnetRouteTableAssociation",
            json!({ "SubnetId": r(subnet), "RouteTableId": r(table) }),
        );
    }
    for (id, mut resource) in net.0 {
        resource["Condition"] = json!("CreateVpc");
        res.0.insert(id, resource);
    }
}

/// On a resource placed in [`public_subnets`] or [`private_subnets`]: cfn-lint checks the
/// `*SubnetIds` parameters' empty default against the subnet id pattern (W1030), though the
/// empty list is only ever used with `CreateVpc` true, where the stack's own subnets stand in.
pub fn allow_empty_subnet_default(resource: &mut Map<String, Value>) {
    let metadata = resource.entry("Metadata").or_insert_with(|| json!({}));
    metadata["cfn-lint"] = json!({
        "config": { "ignore_checks": ["W1030"] },
        "comment": "the empty default of PublicSubnetIds/PrivateSubnetIds means: create the VPC (CreateVpc), whose own subnets are used instead"
    });
}
