/**
 * What the Pulumi mocks answer: provider invokes, and the state (id, ARN, endpoints) of every new
 * resource. Everything is derived from names, never random, so two evaluations are identical.
 *
 * To answer another invoke, add it to {@link INVOKES} below.
 */
import { createHash } from "node:crypto";
import { policyDocumentResult } from "./policy.js";

export const ACCOUNT_ID = "123456789012";
export const DEFAULT_REGION = "us-east-1";

/** A short stable hash of `text`. */
export function stableHash(text: string, length = 8): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

export interface MockContext {
  region: string;
  partition: string;
}

// biome-ignore lint/suspicious/noExplicitAny: invoke inputs are whatever the provider function takes
type InvokeInputs = Record<string, any>;

/** The invokes the evaluator can answer, by token. */
export const INVOKES: Record<
  string,
  (inputs: InvokeInputs, context: MockContext) => Record<string, unknown>
> = {
  "aws:index/getRegion:getRegion": (_inputs, { region }) => ({
    id: region,
    name: region,
    region,
    description: `Offline region ${region}`,
    endpoint: `ec2.${region}.amazonaws.com`,
  }),
  "aws:index/getPartition:getPartition": (_inputs, { partition }) => ({
    id: partition,
    partition,
    dnsSuffix: "amazonaws.com",
    reverseDnsPrefix: "com.amazonaws",
  }),
  "aws:index/getCallerIdentity:getCallerIdentity": (_inputs, { partition }) => ({
    id: ACCOUNT_ID,
    accountId: ACCOUNT_ID,
    arn: `arn:${partition}:iam::${ACCOUNT_ID}:user/sst-offline`,
    userId: "AIDAOFFLINEEXAMPLE",
  }),
  "aws:index/getAvailabilityZones:getAvailabilityZones": (_inputs, { region }) => ({
    id: region,
    names: ["a", "b", "c"].map((zone) => `${region}${zone}`),
    zoneIds: [1, 2, 3].map((index) => `use1-az${index}`),
    groupNames: [region],
    state: "available",
  }),
  "aws:iam/getPolicyDocument:getPolicyDocument": (inputs) => policyDocumentResult(inputs),
  // Vpc's NAT instances and bastion look up their AMI by owner and name filter.
  "aws:ec2/getAmi:getAmi": (inputs) => {
    const id = `ami-${stableHash(JSON.stringify([inputs.owners, inputs.filters]), 17)}`;
    const filter = (name: string): string | undefined =>
      inputs.filters?.find((candidate: { name: string }) => candidate.name === name)?.values?.[0];
    return {
      id,
      imageId: id,
      name: filter("name") ?? "offline-image",
      architecture: filter("architecture") ?? "x86_64",
      owners: inputs.owners ?? [],
      mostRecent: inputs.mostRecent ?? false,
    };
  },
};

/** The short form of an invoke token (`aws:index/getRegion:getRegion` → `aws:index/getRegion`). */
export function shortToken(token: string): string {
  const parts = token.split(":");
  return parts.length === 3 ? `${parts[0]}:${parts[1]}` : token;
}

/** Answers an invoke, or throws naming the token. */
export function answerInvoke(
  token: string,
  inputs: InvokeInputs,
  context: MockContext,
): Record<string, unknown> {
  const answer = INVOKES[token];
  if (!answer) {
    throw new Error(
      `Offline evaluation cannot answer invoke ${shortToken(token)}: add an answer in packages/sst-offline/src/runner/mocks.ts (INVOKES).`,
    );
  }
  return answer(inputs, context);
}

/** The ARN service of a Pulumi AWS module, where the two differ. */
const ARN_SERVICE: Record<string, string> = {
  apigatewayv2: "apigateway",
  cloudwatch: "logs",
  rds: "rds",
  sfn: "states",
  cognito: "cognito-idp",
  ecr: "ecr",
};

/** The id prefix EC2 gives each kind of resource. */
const EC2_PREFIX: Record<string, string> = {
  Vpc: "vpc",
  Subnet: "subnet",
  SecurityGroup: "sg",
  InternetGateway: "igw",
  NatGateway: "nat",
  RouteTable: "rtb",
  Eip: "eipalloc",
  Instance: "i",
  NetworkInterface: "eni",
  VpcEndpoint: "vpce",
  KeyPair: "key",
  LaunchTemplate: "lt",
};

function physicalName(inputs: InvokeInputs, name: string): string {
  for (const key of ["name", "bucket", "functionName", "clusterIdentifier", "identifier"]) {
    const value = inputs[key];
    if (typeof value === "string" && value) return value;
  }
  return name;
}

export interface MockedResource {
  type: string;
  name: string;
  inputs: InvokeInputs;
  custom: boolean;
}

/**
 * The state a mocked resource ends up with: its inputs plus the attributes the provider would
 * compute (id, ARN, endpoints...), all derived from its type and name.
 */
export function mockResourceState(
  { type, name, inputs, custom }: MockedResource,
  context: MockContext,
): { id: string | undefined; state: InvokeInputs } {
  if (!custom) return { id: undefined, state: inputs };
  const { region, partition } = context;
  const [pkg = "", member = "", kind = ""] = type.split(":");
  const module = member.split("/")[0] ?? "";
  const hash = stableHash(`${type}::${name}`);
  const physical = physicalName(inputs, name);
  const service = ARN_SERVICE[module] ?? module;
  const extra: InvokeInputs = {};
  let id = physical;

  if (pkg === "random") {
    const secret = stableHash(`secret:${type}::${name}`, 32);
    Object.assign(extra, {
      result: secret,
      bcryptHash: `$2a$10$${secret}`,
      hex: secret,
      base64: Buffer.from(secret, "hex").toString("base64"),
      b64Std: Buffer.from(secret, "hex").toString("base64"),
      b64Url: Buffer.from(secret, "hex").toString("base64url"),
      dec: BigInt(`0x${secret.slice(0, 12)}`).toString(),
    });
    return { id: `${name}-${hash}`, state: { ...inputs, ...extra } };
  }
  if (pkg === "tls") {
    const key = `OFFLINE-KEY-${hash}`;
    Object.assign(extra, {
      privateKeyPem: key,
      privateKeyOpenssh: key,
      publicKeyPem: key,
      publicKeyOpenssh: `ssh-rsa ${key}`,
    });
    return { id: hash, state: { ...inputs, ...extra } };
  }
  if (pkg !== "aws") return { id: `${name}-${hash}`, state: inputs };

  let arn = `arn:${partition}:${service}:${region}:${ACCOUNT_ID}:${kind.toLowerCase()}/${physical}`;
  if (module === "ec2" && EC2_PREFIX[kind]) {
    id = `${EC2_PREFIX[kind]}-${stableHash(`${type}::${name}`, 17)}`;
    arn = `arn:${partition}:ec2:${region}:${ACCOUNT_ID}:${kind.toLowerCase()}/${id}`;
  }

  switch (`${module}:${kind}`) {
    case "s3:Bucket":
    case "s3:BucketV2": {
      const bucket = inputs.bucket ?? physical;
      id = bucket;
      arn = `arn:${partition}:s3:::${bucket}`;
      Object.assign(extra, {
        bucket,
        region,
        bucketDomainName: `${bucket}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
        hostedZoneId: "Z3AQBSTGFYJSTF",
      });
      break;
    }
    case "iam:Role":
    case "iam:Policy":
    case "iam:User":
      arn = `arn:${partition}:iam::${ACCOUNT_ID}:${kind.toLowerCase()}/${physical}`;
      Object.assign(extra, { name: physical, uniqueId: `AROA${hash.toUpperCase()}` });
      break;
    case "lambda:Function":
      arn = `arn:${partition}:lambda:${region}:${ACCOUNT_ID}:function:${physical}`;
      Object.assign(extra, {
        name: physical,
        invokeArn: `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
        qualifiedArn: `${arn}:$LATEST`,
        qualifiedInvokeArn: `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}:$LATEST/invocations`,
        version: "$LATEST",
      });
      break;
    case "lambda:FunctionUrl":
      id = `${inputs.functionName ?? name}`;
      Object.assign(extra, {
        urlId: hash,
        functionUrl: `https://${stableHash(`url:${inputs.functionName ?? name}`, 32)}.lambda-url.${region}.on.aws/`,
      });
      break;
    case "sqs:Queue":
      arn = `arn:${partition}:sqs:${region}:${ACCOUNT_ID}:${physical}`;
      id = `https://sqs.${region}.amazonaws.com/${ACCOUNT_ID}/${physical}`;
      Object.assign(extra, { name: physical, url: id });
      break;
    case "sns:Topic":
      arn = `arn:${partition}:sns:${region}:${ACCOUNT_ID}:${physical}`;
      id = arn;
      Object.assign(extra, { name: physical });
      break;
    case "cloudwatch:LogGroup":
      arn = `arn:${partition}:logs:${region}:${ACCOUNT_ID}:log-group:${physical}`;
      break;
    case "apigatewayv2:Api":
      id = stableHash(`api:${physical}`, 10);
      arn = `arn:${partition}:apigateway:${region}::/apis/${id}`;
      Object.assign(extra, {
        apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
        executionArn: `arn:${partition}:execute-api:${region}:${ACCOUNT_ID}:${id}`,
      });
      break;
    case "apigatewayv2:Stage":
      Object.assign(extra, {
        invokeUrl: `https://${inputs.apiId}.execute-api.${region}.amazonaws.com/${inputs.name ?? ""}`,
        executionArn: `arn:${partition}:execute-api:${region}:${ACCOUNT_ID}:${inputs.apiId}/${inputs.name ?? ""}`,
      });
      break;
    case "rds:Cluster":
    case "rds:Instance": {
      const identifier = inputs.clusterIdentifier ?? inputs.identifier ?? physical;
      id = identifier;
      arn = `arn:${partition}:rds:${region}:${ACCOUNT_ID}:${kind === "Cluster" ? "cluster" : "db"}:${identifier}`;
      const host = `${identifier}.${kind === "Cluster" ? "cluster-" : ""}${hash}.${region}.rds.amazonaws.com`;
      const port = inputs.port ?? (String(inputs.engine ?? "").includes("mysql") ? 3306 : 5432);
      Object.assign(extra, {
        address: host,
        endpoint: kind === "Cluster" ? host : `${host}:${port}`,
        readerEndpoint: `${identifier}.cluster-ro-${hash}.${region}.rds.amazonaws.com`,
        port,
        resourceId: `db-${hash.toUpperCase()}`,
      });
      break;
    }
    case "rds:Proxy":
      Object.assign(extra, { endpoint: `${physical}.proxy-${hash}.${region}.rds.amazonaws.com` });
      break;
    case "secretsmanager:Secret":
      arn = `arn:${partition}:secretsmanager:${region}:${ACCOUNT_ID}:secret:${physical}-${hash.slice(0, 6)}`;
      id = arn;
      break;
    case "dynamodb:Table":
      arn = `arn:${partition}:dynamodb:${region}:${ACCOUNT_ID}:table/${physical}`;
      Object.assign(extra, { streamArn: `${arn}/stream/1970-01-01T00:00:00.000` });
      break;
    case "ec2:Vpc":
      Object.assign(extra, {
        defaultSecurityGroupId: `sg-${stableHash(`default-sg:${name}`, 17)}`,
        mainRouteTableId: `rtb-${stableHash(`main-rtb:${name}`, 17)}`,
        defaultNetworkAclId: `acl-${stableHash(`acl:${name}`, 17)}`,
      });
      break;
    case "ec2:Eip":
      Object.assign(extra, { publicIp: "198.51.100.1", allocationId: id });
      break;
    case "ec2:Instance":
      Object.assign(extra, { privateIp: "10.0.0.10", publicIp: "198.51.100.2" });
      break;
    case "ec2:NetworkInterface":
      Object.assign(extra, { privateIp: "10.0.0.11" });
      break;
    default:
      break;
  }
  return { id, state: { ...inputs, ...extra, arn } };
}
