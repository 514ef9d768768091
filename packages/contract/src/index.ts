export * from "./components.js";
export * from "./layout.js";
export * from "./schedule.js";
export * from "./service-name.js";
export * from "./stage.js";
export * from "./tags.js";
