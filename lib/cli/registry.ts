import type { Command } from 'commander';

/**
 * A top-level `spillway` command. Each lives in its own module under ./commands and is listed once in
 * ./commands/index.ts; `register` adds the subcommand, its flags and its action to the program.
 */
export interface CommandModule {
  readonly name: string;
  readonly summary: string;
  register(program: Command): void;
}

export class CommandRegistry {
  private readonly modules = new Map<string, CommandModule>();

  add(module: CommandModule): this {
    if (this.modules.has(module.name)) throw new Error(`command "${module.name}" registered twice`);
    this.modules.set(module.name, module);
    return this;
  }

  names(): string[] {
    return [...this.modules.keys()];
  }

  registerAll(program: Command): void {
    for (const m of this.modules.values()) m.register(program);
  }
}
