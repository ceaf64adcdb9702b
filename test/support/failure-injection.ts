// Call log and one-shot failure injection shared by the in-memory AWS service models.
export class FailureInjector {
  /** Command names in call order, for assertions on what the function did. */
  readonly calls: string[] = [];
  private readonly failures = new Map<string, Error[]>();

  /** Queues an error for the next call of `command` (e.g. 'PutSecretValue'). */
  failNext(command: string, error: Error = new Error(`injected ${command} failure`)): void {
    this.failures.set(command, [...(this.failures.get(command) ?? []), error]);
  }

  /** Wraps a model operation as an aws-sdk-client-mock fake that logs the call and throws queued failures. */
  protected fake<I, O>(name: string, operation: (input: I) => O): (input: I) => Promise<O> {
    return async (input: I) => {
      this.calls.push(name);
      const failure = this.failures.get(name)?.shift();
      if (failure) throw failure;
      return operation(input);
    };
  }
}
