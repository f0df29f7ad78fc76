/**
 * Splits text that arrives in chunks into numbered lines, holding only the unfinished last line
 * between chunks: a 100,000-line log is read in the chunks a file stream gives, never as one
 * string. CR LF and LF both end a line; the line numbers are the ones an editor shows (from 1).
 */
export interface NumberedLine {
  /** 1-based, as an editor counts. */
  number: number;
  text: string;
}

export class LineSplitter {
  private rest = "";
  private count = 0;

  /** The lines this chunk completes (the text after its last newline waits for the next chunk). */
  push(chunk: string): NumberedLine[] {
    const text = this.rest + chunk;
    const out: NumberedLine[] = [];
    let at = 0;
    for (let nl = text.indexOf("\n", at); nl !== -1; nl = text.indexOf("\n", at)) {
      const end = nl > at && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      out.push({ number: ++this.count, text: text.slice(at, end) });
      at = nl + 1;
    }
    this.rest = text.slice(at);
    return out;
  }

  /** The last line when the text does not end with a newline. */
  end(): NumberedLine[] {
    const last = this.rest.endsWith("\r") ? this.rest.slice(0, -1) : this.rest;
    this.rest = "";
    return last ? [{ number: ++this.count, text: last }] : [];
  }
}
