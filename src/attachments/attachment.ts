import { formatDate } from '../shared/format.ts';
import { swedishDateAt } from '../clock.ts';

/** The items a bilaga can belong to, with their address on the site. */
export const ATTACHMENT_ITEMS = ['matter', 'finding', 'action', 'submission'] as const;
export type AttachmentItem = (typeof ATTACHMENT_ITEMS)[number];

export const ITEM_PATH: Record<AttachmentItem, string> = {
  matter: 'arenden',
  finding: 'brister',
  action: 'atgarder',
  submission: 'redovisningar',
};

/** Which kind of document a bilaga is; only a matter's bilagor have a choice, the others have one kind. */
export const DOCUMENT_KINDS = ['decision', 'minutes', 'evidence', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABEL: Record<DocumentKind, string> = {
  decision: 'IVO:s beslut',
  minutes: 'Protokollsutdrag',
  evidence: 'Underlag',
  other: 'Övrigt',
};

/** The kinds offered when attaching to an item (the first is preselected). */
export const KINDS_FOR: Record<AttachmentItem, readonly DocumentKind[]> = {
  matter: ['decision', 'minutes', 'other'],
  finding: ['other'],
  action: ['evidence'],
  submission: ['other'],
};

/** Where a bilaga belongs: the item and, except for an åtgärd, its matter. */
export interface AttachmentTarget {
  item: AttachmentItem;
  id: number;
  matterId: number | null;
  /** The item's name as its page heads it. */
  title: string;
  /** For an åtgärd: its ansvarig, who may attach evidence (with her ersättare and the förvaltningschef). */
  ownerId: number | null;
}

/** A bilaga as lists show it (never its bytes). */
export interface Attachment {
  id: number;
  item: AttachmentItem;
  itemId: number;
  matterId: number | null;
  kind: DocumentKind;
  kindLabel: string;
  description: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedByName: string;
  uploadedAt: string;
  wronglyUploaded: { at: string; byName: string; reason: string } | null;
}

/** What a document lists of a bilaga: its name, kind and date. */
export interface AttachmentRef {
  fileName: string;
  kindLabel: string;
  uploadedAt: string;
}

export function attachmentRef(a: Pick<Attachment, 'fileName' | 'kindLabel' | 'uploadedAt'>): AttachmentRef {
  return { fileName: a.fileName, kindLabel: a.kindLabel, uploadedAt: a.uploadedAt };
}

/** "beslut.pdf (IVO:s beslut, 4 mars 2026)": a bilaga as a line of a document. */
export function attachmentLine(a: AttachmentRef): string {
  return `${a.fileName} (${a.kindLabel}, ${formatDate(swedishDateAt(Date.parse(a.uploadedAt)))})`;
}

/**
 * The types a bilaga may have, by what file-type reads in the content (and plain text, below). An
 * old Word file (.doc) is only an OLE container to file-type ('cfb', as an .msi installer is), so
 * it cannot be told apart and is refused: the message asks for .docx.
 */
const ALLOWED = new Map<string, string>([
  ['application/pdf', 'PDF'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'Word'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Excel'],
  ['image/png', 'PNG'],
  ['image/jpeg', 'JPEG'],
]);
export const PLAIN_TEXT = 'text/plain; charset=utf-8';

export const TYPE_REFUSED =
  'Filen är inte av en tillåten typ. Bilagor får vara PDF, Word (.docx), Excel (.xlsx), PNG, JPEG eller vanlig text. Typen avgörs av filens innehåll, inte av namnet.';

/**
 * Plain text has no magic number for file-type to read, so it is judged here: valid UTF-8 (a
 * BOM allowed), no NUL bytes and no control characters but tab, CR and LF. Anything binary that
 * file-type does not know (an executable, a zip of unknown content) fails one of these at once.
 */
export function isPlainText(content: Buffer): boolean {
  if (content.length === 0) return false;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(text);
}

/**
 * The content type of an uploaded file, decided by its content, never by its name or by what the
 * browser said: one of ALLOWED as file-type detects it, or plain text; null when refused.
 */
export async function detectAttachmentType(content: Buffer): Promise<string | null> {
  // Loaded with the first upload, not with the server.
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(content);
  if (detected) return ALLOWED.has(detected.mime) ? detected.mime : null;
  return isPlainText(content) ? PLAIN_TEXT : null;
}

/** A short name of a content type for lists: "PDF", "Word"… */
export function typeLabel(contentType: string): string {
  return contentType === PLAIN_TEXT ? 'Text' : (ALLOWED.get(contentType) ?? contentType);
}

const CONTROL_OR_SEPARATOR = /[\u0000-\u001F\u007F-\u009F\u2028\u2029"*:<>?|]/g;

/**
 * The original file name as kept and sent back: without any folder part (Windows browsers used
 * to send "C:\\…\\beslut.pdf"), control characters or characters Windows refuses in names,
 * NFC, at most 200 characters (keeping the extension); "bilaga" when nothing is left.
 */
export function safeFileName(original: string): string {
  const base = original.split(/[\\/]/).pop() ?? '';
  let name = base.normalize('NFC').replace(CONTROL_OR_SEPARATOR, '').replace(/\s+/g, ' ').trim();
  name = name.replace(/^\.+/, '').trim();
  if (name.length > 200) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, 200 - ext.length) + ext;
  }
  return name === '' ? 'bilaga' : name;
}

/**
 * Content-Disposition for a download: attachment (never shown inline), an ASCII fallback name for
 * old clients and the real name as RFC 5987 filename* (UTF-8, percent-encoded).
 */
export function contentDisposition(fileName: string): string {
  const name = safeFileName(fileName);
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7E]/g, '_')
    .replace(/["\\%;]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** "1,2 MB", "830 kB": a file's size for a list. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} MB`;
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('sv-SE')} kB`;
}
