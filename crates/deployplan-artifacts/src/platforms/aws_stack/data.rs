//! The data stores the plan chose: an RDS database in the private subnets (encrypted, 7-day
//! backups, Multi-AZ and deletion protection in production) and an ElastiCache Serverless
//! cache, each reachable from the tasks only.

use serde_json::json;

use super::Database;
use super::cfn::{Resources, if_prod, r, skip, sub};
use super::network::{allow_empty_subnet_default, private_subnets, vpc_id};

pub fn add(res: &mut Resources, db: Option<&Database>, with_cache: bool) {
    if let Some(d) = db {
        res.add(
            "DatabaseSecurityGroup",
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": "Database: from the tasks only",
                "VpcId": vpc_id(),
                "SecurityGroupIngress": [{
                    "IpProtocol": "tcp", "FromPort": d.port, "ToPort": d.port,
                    "SourceSecurityGroupId": r("TaskSecurityGroup"),
                    "Description": "From the tasks"
                }],
                "SecurityGroupEgress": [{
                    "IpProtocol": "-1", "CidrIp": "127.0.0.1/32",
                    "Description": "None: the database starts no connections"
                }]
            }),
        );
        allow_empty_subnet_default(res.add(
            "DatabaseSubnets",
            "AWS::RDS::DBSubnetGroup",
            json!({
                "DBSubnetGroupDescription": "The private subnets",
                "SubnetIds": private_subnets()
            }),
        ));
        let database = res.add(
            "Database",
            "AWS::RDS::DBInstance",
            json!({
                "Engine": d.engine,
                "DBInstanceClass": r("DatabaseInstanceClass"),
                "AllocatedStorage": "20",
                "StorageType": "gp3",
                "StorageEncrypted": true,
                "MasterUsername": "app",
                "ManageMasterUserPassword": true,
                "DBSubnetGroupName": r("DatabaseSubnets"),
                "VPCSecurityGroups": [r("DatabaseSecurityGroup")],
                "PubliclyAccessible": false,
                "MultiAZ": if_prod(json!(true), json!(false)),
                "BackupRetentionPeriod": 7,
                "DeletionProtection": if_prod(json!(true), json!(false)),
                "AutoMinorVersionUpgrade": true,
                "CopyTagsToSnapshot": true,
                "EnableIAMDatabaseAuthentication": true,
                "EnableCloudwatchLogsExports": d.logs
            }),
        );
        database.insert("DeletionPolicy".into(), json!("Snapshot"));
        database.insert("UpdateReplacePolicy".into(), json!("Snapshot"));
        database.insert(
            "Metadata".into(),
            skip(&[
                (
                    "CKV_AWS_157",
                    "Multi-AZ is on in production (the IsProduction condition), off elsewhere to halve the cost",
                ),
                (
                    "CKV_AWS_118",
                    "enhanced monitoring is billed as CloudWatch Logs; Container Insights and RDS metrics cover the start",
                ),
            ]),
        );
    }
    if with_cache {
        res.add(
            "CacheSecurityGroup",
            "AWS::EC2::SecurityGroup",
            json!({
                "GroupDescription": "Cache: from the tasks only",
                "VpcId": vpc_id(),
                "SecurityGroupIngress": [{
                    "IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6380,
                    "SourceSecurityGroupId": r("TaskSecurityGroup"),
                    "Description": "From the tasks"
                }],
                "SecurityGroupEgress": [{
                    "IpProtocol": "-1", "CidrIp": "127.0.0.1/32",
                    "Description": "None: the cache starts no connections"
                }]
            }),
        );
        allow_empty_subnet_default(res.add(
            "Cache",
            "AWS::ElastiCache::ServerlessCache",
            json!({
                "ServerlessCacheName": sub("${AWS::StackName}"),
                "Engine": "valkey",
                "SecurityGroupIds": [r("CacheSecurityGroup")],
                "SubnetIds": private_subnets()
            }),
        ));
    }
}
