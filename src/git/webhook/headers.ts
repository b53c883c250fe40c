/** Request headers as Node's `IncomingMessage.headers` gives them; names in any case. */
export type WebhookHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** Every value sent under `name`, whatever the case of the header name. */
export function headerValues(headers: WebhookHeaders, name: string): string[] {
  const wanted = name.toLowerCase();
  return Object.entries(headers).flatMap(([key, value]) =>
    key.toLowerCase() !== wanted || value === undefined
      ? []
      : Array.isArray(value)
        ? value
        : [value],
  );
}

/** The first value sent under `name`, or undefined when absent. */
export function firstHeader(headers: WebhookHeaders, name: string): string | undefined {
  return headerValues(headers, name)[0];
}
