export { type ApiGatewayV2EventOptions, apiGatewayV2Event } from "./api-gateway";
export { lambdaContext } from "./lambda-context";
export { type SqsRecordOptions, sqsEvent, sqsRecord } from "./sqs";
