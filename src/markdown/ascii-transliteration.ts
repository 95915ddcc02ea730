/**
 * ASCII spellings of the characters Zola's anchors meet most, after Text::Unidecode's tables (which
 * the `deunicode` crate behind Zola's `slug` starts from). Only what differs from dropping accents
 * by Unicode decomposition is listed; scripts not listed (CJK, emoji, …) are not transliterated.
 */
export function transliterateChar(char: string): string | undefined {
  return TABLE.get(char);
}

const TABLE = new Map<string, string>();

function add(chars: string, spellings: string): void {
  const list = spellings.split(' ');
  [...chars].forEach((char, i) => {
    const ascii = list[i]!;
    TABLE.set(char, ascii);
    const lower = char.toLowerCase();
    if (lower !== char && !TABLE.has(lower)) TABLE.set(lower, ascii.toLowerCase());
  });
}

// Latin letters without a decomposition.
add('ßÆŒØĐÐÞŁıĦŦŊ', 'ss AE OE O D D Th L i H T NG');
// Latin-1 signs that spell out letters or digits (`©` → `(c)`, `×` → `x`, `°` → `deg`, …).
add('©®™×°£¥¢€§¶µ‰', '(c) (r) TM x deg PS Y= C/ EUR SS P u %0');
// Greek (accented vowels decompose to these).
add('ΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΣΤΥΦΧΨΩ', 'A B G D E Z E Th I K L M N Ks O P R S T U Ph Kh Ps O');
TABLE.set('ς', 's');
// Cyrillic: Russian, then Ukrainian, Belarusian, Serbian and Macedonian letters. `Ё`, `Ї` are
// listed because their decomposition would lose the sound.
add('АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ', 'A B V G D E Io Zh Z I I K L M N O P R S T U F Kh Ts Ch Sh Shch \' Y \' E Iu Ia');
add('ЄІЇҐЎЂЈЉЊЋЏЃЌЅ', 'Ie I Yi G U D J Lj Nj C Dz G K Dz');
