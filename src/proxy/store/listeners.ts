/**
 * Listeners by channel, for the stores whose processes are one: memory, and a SQLite file (one proxy
 * process writes it). A listener that throws does not stop the others hearing the message.
 */
export class Listeners {
  private readonly byChannel = new Map<string, Set<(message: string) => void>>();

  tell(channel: string, message: string): void {
    for (const listener of this.byChannel.get(channel) ?? []) {
      try {
        listener(message);
      } catch {
        // One listener's failure is its own.
      }
    }
  }

  add(channel: string, listener: (message: string) => void): () => void {
    let set = this.byChannel.get(channel);
    if (!set) this.byChannel.set(channel, (set = new Set()));
    // Wrapped, so one function added twice is heard twice and removed once per stop.
    const own = (message: string) => listener(message);
    set.add(own);
    return () => {
      set.delete(own);
      if (set.size === 0) this.byChannel.delete(channel);
    };
  }

  /** Whether anyone listens on `channel`. */
  has(channel: string): boolean {
    return this.byChannel.has(channel);
  }
}
