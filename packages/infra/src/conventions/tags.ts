import { serviceTags } from "@acme/contract";
import type { ServiceContext } from "./context";

/**
 * The AWS resource types that services create and that accept `tags`. A list rather than "every
 * aws: type" because setting `tags` on a type without them fails the deploy. Provider
 * `defaultTags` would reach every type but is invisible to offline evaluation; this list is tested.
 */
export const taggedResourceTypes = [
  "aws:lambda/function:Function",
  "aws:iam/role:Role",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:sqs/queue:Queue",
  "aws:s3/bucket:Bucket",
  "aws:apigatewayv2/api:Api",
  "aws:apigatewayv2/stage:Stage",
  "aws:cloudwatch/eventRule:EventRule",
  "aws:rds/instance:Instance",
  "aws:rds/subnetGroup:SubnetGroup",
  "aws:rds/parameterGroup:ParameterGroup",
  "aws:secretsmanager/secret:Secret",
  "aws:dynamodb/table:Table",
  "aws:ec2/vpc:Vpc",
  "aws:ec2/subnet:Subnet",
  "aws:ec2/securityGroup:SecurityGroup",
] as const;

type Taggable = { tags?: $util.Input<Record<string, $util.Input<string>>> };

/** Adds the service tags to every taggable resource, keeping tags the service set itself. */
export function tagResources(context: ServiceContext): void {
  const tags = serviceTags(context);
  for (const type of taggedResourceTypes) {
    $transform(pulumiType<Taggable>(type), (args) => {
      args.tags = $output(args.tags ?? {}).apply((own) => ({ ...tags, ...own }));
    });
  }
}

/**
 * `$transform` takes a resource class and reads its Pulumi type token; for plain Pulumi resources it
 * registers a stack transformation on that token. This builds the class-shaped key from a token,
 * so a convention can reach a type without importing its provider class.
 */
export function pulumiType<Args>(type: string): new (name: string, args: Args) => unknown {
  return Object.assign(function resourceOfType() {}, { __pulumiType: type }) as never;
}
