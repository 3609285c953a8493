import { expect } from 'chai';
import { displayNameOf, emailOf, groupsOf, roleFromGroups, type RoleMapping } from '../../src/sso/sso.ts';

const mappings: RoleMapping[] = [
  { id: 1, claimValue: 'sg-atgardsplan-las', role: 'reader' },
  { id: 2, claimValue: 'SG-Atgardsplan-Chef', role: 'manager' },
  { id: 3, claimValue: '5f0c2d3e-0000-4000-8000-000000000001', role: 'director' },
];

describe('single sign-on rules', () => {
  it('when groups map to several roles, then the first of Administratör … Läsare wins, in any case', () => {
    expect(roleFromGroups(['sg-atgardsplan-chef', 'SG-ATGARDSPLAN-LAS'], mappings)).to.equal('manager');
    expect(roleFromGroups(['sg-atgardsplan-las', '5f0c2d3e-0000-4000-8000-000000000001'], mappings)).to.equal(
      'director',
    );
  });

  it('when no group maps, or there are none, then there is no role', () => {
    expect(roleFromGroups(['alla-anstallda'], mappings)).to.equal(null);
    expect(roleFromGroups([], mappings)).to.equal(null);
    expect(roleFromGroups(['sg-atgardsplan-las'], [])).to.equal(null);
  });

  it('when the groups claim is one value, a list, or missing, then it reads as a list of strings', () => {
    expect(groupsOf({ groups: 'sg-atgardsplan-las' }, 'groups')).to.deep.equal(['sg-atgardsplan-las']);
    expect(groupsOf({ roles: ['a', 7, { x: 1 }] }, 'roles')).to.deep.equal(['a', '7']);
    expect(groupsOf({}, 'groups')).to.deep.equal([]);
  });

  it('when the e-mail is unverified or malformed, then there is none; otherwise it is lower-cased', () => {
    expect(emailOf({ email: ' Eva.Lind@Exempelkommun.se ' })).to.equal('eva.lind@exempelkommun.se');
    expect(emailOf({ email: 'eva.lind@exempelkommun.se', email_verified: true })).to.equal('eva.lind@exempelkommun.se');
    expect(emailOf({ email: 'eva.lind@exempelkommun.se', email_verified: false })).to.equal(null);
    expect(emailOf({ email: 'eva.lind@exempelkommun.se', email_verified: 'false' })).to.equal(null);
    expect(emailOf({ email: 'inte en adress' })).to.equal(null);
    expect(emailOf({ preferred_username: 'eva.lind@exempelkommun.se' })).to.equal(null);
  });

  it('when the provider gives no name, then the account is named by the e-mail’s local part', () => {
    expect(displayNameOf({ name: ' Eva Lind ' }, 'eva.lind@exempelkommun.se')).to.equal('Eva Lind');
    expect(displayNameOf({}, 'eva.lind@exempelkommun.se')).to.equal('eva.lind');
  });
});
