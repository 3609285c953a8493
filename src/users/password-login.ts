import type { Config } from '../config.ts';
import type { User } from './user.ts';
import { may } from './roles.ts';

/**
 * Whether this user may log in with a password at all: everyone while LOCAL_LOGIN holds; with it
 * turned off (the kommun's single sign-on only) just the break-glass administrator. Where it is
 * false, nothing offers the user a password: no login, no "Byt lösenord", no reset link.
 */
export function mayUsePassword(
  config: Pick<Config, 'localLogin' | 'breakGlassEmail'>,
  user: Pick<User, 'email' | 'role'>,
): boolean {
  return config.localLogin || (user.email === config.breakGlassEmail && may.manageUsers(user.role));
}

/** Said where a password is asked for or offered to someone who cannot have one. */
export const PASSWORDS_OFF =
  'Inloggning med lösenord är avstängd. Du loggar in med kommunens konto, så det finns inget lösenord att byta här.';

/** Said to an administrator asking for a reset link for someone who cannot have a password. */
export const PASSWORD_RESET_OFF =
  'Inloggning med lösenord är avstängd (LOCAL_LOGIN=false). Användaren loggar in med kommunens konto och behöver ingen återställningslänk.';
