/**
 * The registry of commands: one line each, in the order `--help` lists them.
 * A command is one file in src/cli/ that adds itself to the program.
 */
import type { Command } from 'commander';
import { calibrateCommand } from './calibrate.js';
import { compareCommand } from './compare.js';
import { costCommand } from './cost.js';
import { diffCommand } from './diff.js';
import { listCommand } from './list.js';
import { optimizeCommand } from './optimize.js';
import { runCommand } from './run.js';
import { schemaCommand } from './schema.js';
import { validateCommand } from './validate.js';

export const COMMANDS: ((program: Command) => void)[] = [
  runCommand, compareCommand, costCommand, optimizeCommand, diffCommand, validateCommand, listCommand, calibrateCommand, schemaCommand,
];
