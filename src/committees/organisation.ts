import type { PNG } from 'pngjs';

/** The kommun that sends every document: its name and logo. */
export interface Organisation {
  municipality: string;
  /** A PNG without transparency (PDF/A-1 allows none), or null. */
  logo: Buffer | null;
  logoSha256: string | null;
  version: number | null;
}

export const NO_ORGANISATION: Organisation = { municipality: '', logo: null, logoSha256: null, version: null };

/** A logo larger than this is refused: it heads every page of archived documents. */
export const LOGO_MAX_BYTES = 512 * 1024;
const LOGO_MAX_SIDE = 2000;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An SVG logo is drawn this many pixels wide (sharp in print at the size it heads a page). */
const SVG_WIDTH = 900;
/** An SVG document: after an optional XML declaration, doctype and comments, an <svg> root. */
const SVG_START = /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i;
/** References out of the file (a picture, a font, a stylesheet elsewhere): a logo must be whole in itself. */
const SVG_OUTSIDE =
  /<(image|use|feImage|script|foreignObject)\b|(?:xlink:)?href\s*=\s*["'](?!#)|url\(\s*["']?(?!#)|@import/i;

/**
 * An uploaded logo as it is kept: checked by its content, not its name — a PNG that decodes, or an
 * SVG drawn here to a PNG (SVG_WIDTH wide; one that reaches outside itself is refused) — at most
 * LOGO_MAX_SIDE pixels a side, then written again as 8-bit RGB on white, because PDF/A-1 forbids
 * transparency and a logo's transparent background would make every PDF fail validation.
 * Returns a Swedish message when the file is refused.
 */
export async function acceptLogo(file: Buffer): Promise<{ png: Buffer } | { problem: string }> {
  if (file.length === 0) return { problem: 'Välj en bildfil med logotypen.' };
  if (file.length > LOGO_MAX_BYTES) return { problem: 'Logotypen får vara högst 512 kB.' };
  if (!file.subarray(0, 8).equals(PNG_SIGNATURE)) {
    const text = file.toString('utf8');
    if (!SVG_START.test(text))
      return { problem: 'Logotypen måste vara en PNG- eller SVG-bild. Spara den i något av formaten och försök igen.' };
    if (SVG_OUTSIDE.test(text))
      return {
        problem:
          'SVG-bilden hänvisar till bilder, typsnitt eller skript utanför filen. Spara logotypen som en fristående SVG eller som PNG.',
      };
    // The image libraries are loaded when a logo is uploaded, not with the server.
    const { Resvg } = await import('@resvg/resvg-js');
    try {
      file = new Resvg(text, { fitTo: { mode: 'width', value: SVG_WIDTH }, background: 'white' }).render().asPng();
    } catch {
      return { problem: 'SVG-bilden går inte att läsa. Spara den på nytt, eller som PNG, och försök igen.' };
    }
  }
  const { PNG: Png } = await import('pngjs');
  let image: PNG;
  try {
    image = Png.sync.read(file);
  } catch {
    return { problem: 'Filen ser ut som en PNG-bild men går inte att läsa. Spara den på nytt och försök igen.' };
  }
  if (image.width > LOGO_MAX_SIDE || image.height > LOGO_MAX_SIDE)
    return { problem: `Logotypen får vara högst ${LOGO_MAX_SIDE} × ${LOGO_MAX_SIDE} bildpunkter.` };
  const png = Png.sync.write(image, {
    colorType: 2,
    inputColorType: 6,
    inputHasAlpha: true,
    bitDepth: 8,
    bgColor: { red: 255, green: 255, blue: 255 },
  });
  return { png };
}
