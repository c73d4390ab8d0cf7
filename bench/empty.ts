/** The reference for start-up: a program that does nothing, loaded the way the CLI is (an ES module). */
export {};
