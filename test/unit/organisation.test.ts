import { expect } from 'chai';
import { PNG } from 'pngjs';
import { acceptLogo } from '../../src/committees/organisation.ts';

describe('the kommun’s logo', () => {
  it('when an SVG logo with a transparent background is uploaded, then it is kept as an opaque PNG, white where it was transparent', async () => {
    const svg = Buffer.from(
      '<?xml version="1.0"?><!-- Exempelkommun --><svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><defs><linearGradient id="g"><stop offset="0" stop-color="#1d4f91"/></linearGradient></defs><rect x="10" y="8" width="100" height="24" fill="url(#g)"/></svg>',
    );
    const accepted = await acceptLogo(svg);
    if (!('png' in accepted)) throw new Error(accepted.problem);
    const png = PNG.sync.read(accepted.png);
    expect([png.width, png.height]).to.deep.equal([900, 300]);
    expect(accepted.png[25], 'colour type: RGB, no alpha').to.equal(2);
    expect([...png.data.subarray(0, 3)], 'a corner, transparent in the SVG').to.deep.equal([255, 255, 255]);
    const middle = (150 * 900 + 450) * 4;
    expect([...png.data.subarray(middle, middle + 3)]).to.deep.equal([29, 79, 145]);
  });

  it('when a file is not a PNG or SVG, reaches outside itself, or is too large, then it is refused with a reason', async () => {
    const problem = async (file: Buffer) => {
      const accepted = await acceptLogo(file);
      return 'problem' in accepted ? accepted.problem : null;
    };
    expect(await problem(Buffer.from('GIF89a…'))).to.contain('PNG- eller SVG-bild');
    expect(
      await problem(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
    ).to.contain('utanför filen');
    expect(
      await problem(
        Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://x.invalid/a.css);</style></svg>',
        ),
      ),
    ).to.contain('utanför filen');
    expect(await problem(Buffer.alloc(600 * 1024, 1))).to.contain('högst 512 kB');
    expect(await problem(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]))).to.contain(
      'går inte att läsa',
    );
  });
});
