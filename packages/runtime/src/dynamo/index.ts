/**
 * `@acme/runtime/dynamo`: a service's linked DynamoDB tables through the AWS SDK v3 document
 * client. Tables added by `nx g @acme/platform:resource --type table` have string keys `pk` and
 * `sk` (`tableKeys` of `@acme/contract`).
 */
export { type Item, type TableClient, table } from "./table";
