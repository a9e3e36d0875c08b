export * from "./organisations";
export * from "./users";
export * from "./funding";
export * from "./bids";
export * from "./audit";
export * from "./review";
export * from "./decisions";
