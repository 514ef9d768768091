export * from "./copy-workspace.js";
