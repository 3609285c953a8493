import { expect } from 'chai';
import {
  PLAIN_TEXT,
  contentDisposition,
  detectAttachmentType,
  isPlainText,
  safeFileName,
} from '../../src/attachments/attachment.ts';
import { aPdf, aPng, anExe, anXlsx } from '../helpers/files.ts';

describe('the type of a bilaga, by its content', () => {
  it('when a PDF, a PNG, a JPEG and an .xlsx are read, then each gets its type whatever it is called', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00]);
    expect(await detectAttachmentType(await aPdf())).to.equal('application/pdf');
    expect(await detectAttachmentType(aPng())).to.equal('image/png');
    expect(await detectAttachmentType(jpeg)).to.equal('image/jpeg');
    expect(await detectAttachmentType(await anXlsx())).to.equal(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
  });

  it('when an executable, a zip or a gif is read, then it is refused', async () => {
    expect(await detectAttachmentType(anExe())).to.equal(null);
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(60)]);
    expect(await detectAttachmentType(zip)).to.equal(null);
    expect(
      await detectAttachmentType(Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000', 'latin1')),
    ).to.equal(null);
  });

  it('when text is valid UTF-8 with only tab, CR and LF for control characters, then it is plain text', async () => {
    expect(isPlainText(Buffer.from('Rutin för utredningar\r\n\tSteg 1: läs beslutet\n'))).to.equal(true);
    expect(isPlainText(Buffer.from('\ufeffMed BOM'))).to.equal(true);
    expect(await detectAttachmentType(Buffer.from('Närvarolista'))).to.equal(PLAIN_TEXT);
  });

  it('when text has a NUL, another control character, invalid UTF-8 or nothing at all, then it is not plain text', () => {
    expect(isPlainText(Buffer.from('a\u0000b'))).to.equal(false);
    expect(isPlainText(Buffer.from('a\u001bb'))).to.equal(false);
    expect(isPlainText(Buffer.from('a\u007fb'))).to.equal(false);
    expect(isPlainText(Buffer.from([0x48, 0xe5, 0x6c]))).to.equal(false); // "Hål" in Latin-1
    expect(isPlainText(Buffer.alloc(0))).to.equal(false);
  });
});

describe('the name of a bilaga', () => {
  it('when a name has folders, control or reserved characters, then only a clean base name is kept', () => {
    expect(safeFileName('C:\\fakepath\\beslut.pdf')).to.equal('beslut.pdf');
    expect(safeFileName('../../etc/passwd')).to.equal('passwd');
    expect(safeFileName('rapport\r\n"2026"<>|?*.pdf')).to.equal('rapport2026.pdf');
    expect(safeFileName('...dold.txt')).to.equal('dold.txt');
    expect(safeFileName('\u0001\u0002')).to.equal('bilaga');
    expect(safeFileName('a'.repeat(300) + '.docx'))
      .to.have.length(200)
      .and.match(/\.docx$/);
    expect(safeFileName('A\u030angström.pdf')).to.equal('Ångström.pdf');
  });

  it('when it is sent back, then it is an attachment with an ASCII fallback and the UTF-8 name as filename*', () => {
    expect(contentDisposition('Åtgärdsplan (utkast) 50%.pdf')).to.equal(
      `attachment; filename="Atgardsplan (utkast) 50_.pdf"; filename*=UTF-8''%C3%85tg%C3%A4rdsplan%20%28utkast%29%2050%25.pdf`,
    );
    expect(contentDisposition('a"b;c.txt')).to.equal(`attachment; filename="ab_c.txt"; filename*=UTF-8''ab%3Bc.txt`);
  });
});
