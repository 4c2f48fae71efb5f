// A line-preserving INI editor for ~/.aws/credentials and ~/.aws/config:
// it changes only the keys it is asked to and leaves every other line —
// other profiles, comments, nested (indented) settings — exactly as it was.

const HEADER = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/;
const KEY = /^([^\s=#;[][^=]*?)\s*=\s*(.*)$/;

export class IniFile {
  private lines: string[];
  constructor(text = '') {
    this.lines = text === '' ? [] : text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  }

  /** [start, end): the header line index and the index after the section's last line. */
  private bounds(section: string): [number, number] | undefined {
    const start = this.lines.findIndex((l) => HEADER.exec(l)?.[1] === section);
    if (start < 0) return undefined;
    let end = start + 1;
    while (end < this.lines.length && !HEADER.test(this.lines[end]!)) end += 1;
    return [start, end];
  }

  sections(): string[] {
    return this.lines.flatMap((l) => HEADER.exec(l)?.[1] ?? []);
  }

  get(section: string): Record<string, string> | undefined {
    const b = this.bounds(section);
    if (!b) return undefined;
    const out: Record<string, string> = {};
    for (const l of this.lines.slice(b[0] + 1, b[1])) {
      const m = KEY.exec(l);
      if (m) out[m[1]!.trim()] = m[2]!.trim();
    }
    return out;
  }

  /** Sets keys (undefined deletes one), creating the section at the end if needed. */
  set(section: string, values: Record<string, string | undefined>): void {
    let b = this.bounds(section);
    if (!b) {
      if (this.lines.length > 0 && this.lines[this.lines.length - 1]!.trim() !== '') this.lines.push('');
      this.lines.push(`[${section}]`);
      b = [this.lines.length - 1, this.lines.length];
    }
    const [start] = b;
    let end = b[1];
    for (const [k, v] of Object.entries(values)) {
      const i = this.lines.slice(start + 1, end).findIndex((l) => KEY.exec(l)?.[1]?.trim() === k);
      if (i >= 0 && v === undefined) { this.lines.splice(start + 1 + i, 1); end -= 1; }
      else if (i >= 0) this.lines[start + 1 + i] = `${k} = ${v}`;
      else if (v !== undefined) {
        // Insert after the section's last non-blank line, keeping blank separators below it.
        let at = end;
        while (at > start + 1 && this.lines[at - 1]!.trim() === '') at -= 1;
        this.lines.splice(at, 0, `${k} = ${v}`);
        end += 1;
      }
    }
  }

  remove(section: string): void {
    const b = this.bounds(section);
    if (b) this.lines.splice(b[0], b[1] - b[0]);
  }

  toString(): string {
    return this.lines.length === 0 ? '' : `${this.lines.join('\n')}\n`;
  }
}

/** ~/.aws/config names profiles `[profile x]`, except `[default]`. */
export const configSection = (profile: string) => (profile === 'default' ? 'default' : `profile ${profile}`);
