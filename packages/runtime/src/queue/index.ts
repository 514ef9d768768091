export {
  type BatchHandler,
  type BatchHandlerOptions,
  createBatchHandler,
  type RecordContext,
} from "./batch-handler";
export { isFifoRecord } from "./fifo";
