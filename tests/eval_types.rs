//! The result types of arithmetic for every pair of atom types, checked
//! against the range tables of the q reference (add.md, subtract.md,
//! multiply.md, divide.md): `type x op y` is the table's type, and a `.`
//! in the table is `'type`.

mod eval_support;

/// One atom of each type, in the tables' order `b g x h i j e f c s p m d z n u v t`.
const ATOMS: [&str; 18] = [
    "1b",
    "0Ng",
    "0x01",
    "1h",
    "1i",
    "1",
    "1e",
    "1f",
    "\"a\"",
    "`a",
    "2000.01.01D00:00:00",
    "2000.01m",
    "2000.01.01",
    "2000.01.01T00:00:00.000",
    "0D00:00:01",
    "00:01",
    "00:00:01",
    "00:00:00.001",
];

const LETTERS: &[u8; 18] = b"bgxhijefcspmdznuvt";

/// add.md, rows x and columns y.
const ADD: [&str; 18] = [
    "i . i i i j e f . . p m d z n u v t",
    ". . . . . . . . . . . . . . . . . .",
    "i . i i i j e f . . p m d z n u v t",
    "i . i i i j e f . . p m d z n u v t",
    "i . i i i j e f . . p m d z n u v t",
    "j . j j j j e f . . p m d z n u v t",
    "e . e e e e e f . . p m d z n u v t",
    "f . f f f f f f f . f f z z f f f f",
    ". . . . . . . f . . p m d z n u v t",
    ". . . . . . . . . . . . . . . . . .",
    "p . p p p p p f p . n . . . p p p p",
    "m . m m m m m f m . . i . . p p p p",
    "d . d d d d d z d . . . i . p p p p",
    "z . z z z z z z z . . . . f p z z z",
    "n . n n n n n f n . p p p p n n n n",
    "u . u u u u u f u . p p p z n u v t",
    "v . v v v v v f v . p p p z n v v t",
    "t . t t t t t f t . p p p z n t t t",
];

/// subtract.md.
const SUBTRACT: [&str; 18] = [
    "i . i i i j e f i . p m d z n u v t",
    ". . . . . . . . . . . . . . . . . .",
    "i . i i i j e f i . p m d z n u v t",
    "i . i i i j e f i . p m d z n u v t",
    "i . i i i j e f i . p m d z n u v t",
    "j . j j j j e f j . p m d z n u v t",
    "e . e e e e e f e . p m d z n u v t",
    "f . f f f f f f f . f f z z f f f f",
    ". . . . . . . f . . p m d z n u v t",
    ". . . . . . . . . . . . . . . . . .",
    "p . p p p p p f p . n . . . p p p p",
    "m . m m m m m f m . . i . . p p p p",
    "d . d d d d d z d . . . i . p p p p",
    "z . z z z z z z z . . . . f p z z z",
    "n . n n n n n f n . p p p p n n n n",
    "u . u u u u u f u . p p p z n u v t",
    "v . v v v v v f v . p p p z n v v t",
    "t . t t t t t f t . p p p z n t t t",
];

/// multiply.md.
const MULTIPLY: [&str; 18] = [
    "i . i i i j e f . . p m d z n u v t",
    ". . . . . . . . . . . . . . . . . .",
    "i . i i i j e f . . p m d z n u v t",
    "i . i i i j e f . . p m d z n u v t",
    "i . i i i j e f . . p m d z n u v t",
    "j . j j j j e f . . p m d z n u v t",
    "e . e e e e e f . . p m d z n u v t",
    "f . f f f f f f f . f f z z f f f f",
    ". . . . . . . f . . p m d z n u v t",
    ". . . . . . . . . . . . . . . . . .",
    "p . p p p p p f p . . . . . . . . .",
    "m . m m m m m f m . . . . . . . . .",
    "d . d d d d d z d . . . . . . . . .",
    "z . z z z z z z z . . . . . . . . .",
    "n . n n n n n f n . . . . . . . . .",
    "u . u u u u u f u . . . . . . . . .",
    "v . v v v v v f v . . . . . . . . .",
    "t . t t t t t f t . . . . . . . . .",
];

/// divide.md: every type but guid and symbol divides to a float.
const DIVIDE: [&str; 18] = [
    "f . f f f f f f f . f f f f f f f f",
    ". . . . . . . . . . . . . . . . . .",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    ". . . . . . . . . . . . . . . . . .",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
];

/// The console text of `type x op y` the table calls for.
fn expected(letter: u8) -> String {
    if letter == b'.' {
        return "'type".to_string();
    }
    let code = LETTERS.iter().position(|&l| l == letter).expect("letter") + 1;
    // Type numbers skip 3: b is 1, g is 2, x is 4...
    let code = if code >= 3 { code + 1 } else { code };
    format!("-{code}h")
}

fn check_table(op: &str, table: &[&str; 18]) {
    let mut wrong = Vec::new();
    for (i, row) in table.iter().enumerate() {
        let cells: Vec<u8> = row.split(' ').map(|c| c.as_bytes()[0]).collect();
        assert_eq!(cells.len(), 18, "row {i} of the {op} table");
        for (j, &cell) in cells.iter().enumerate() {
            let src = format!("type ({}){op}{}", ATOMS[i], ATOMS[j]);
            let got = eval_support::session(&src);
            let want = expected(cell);
            if got.trim_end() != want {
                wrong.push(format!("{src}: got {}, table says {want}", got.trim_end()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} cells differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn add_follows_its_range_table() {
    check_table("+", &ADD);
}

#[test]
fn subtract_follows_its_range_table() {
    check_table("-", &SUBTRACT);
}

#[test]
fn multiply_follows_its_range_table() {
    check_table("*", &MULTIPLY);
}

#[test]
fn divide_follows_its_range_table() {
    check_table("%", &DIVIDE);
}

/// fill.md: `x^y`.
const FILL: [&str; 18] = [
    "b . x h i j e f c . p m d z n u v t",
    ". g . . . . . . . . . . . . . . . .",
    "x . x h i j e f c . p m d z n u v t",
    "h . h h i j e f c . p m d z n u v t",
    "i . i i i j e f c . p m d z n u v t",
    "j . j j j j e f c . p m d z n u v t",
    "e . e e e e e f c . p m d z n u v t",
    "f . f f f f f f c . p m d z n u v t",
    "c . c c c c c c c . p m d z n u v t",
    ". . . . . . . . . s . . . . . . . .",
    "p . p p p p p p p . p p p p n u v t",
    "m . m m m m m m m . p m d . . . . .",
    "d . d d d d d d d . p d d z . . . .",
    "z . z z z z z z z . p . z z n u v t",
    "n . n n n n n n n . n . . n n n n n",
    "u . u u u u u u u . u . . u n u v t",
    "v . v v v v v v v . v . . v n v v t",
    "t . t t t t t t t . t . . t n t t t",
];

/// div.md: `x div y`.
const DIV: [&str; 18] = [
    "i . i i i i i i i . i i i i i i i i",
    ". . . . . . . . . . . . . . . . . .",
    "i . i i i i i i i . i i i i i i i i",
    "i . i i i i i i i . i i i i i i i i",
    "i . i i i i i i i . i i i i i i i i",
    "j . j j j j j j j . j j j j j j j j",
    "f . f f f f f f f . f f f f f f f f",
    "f . f f f f f f f . f f f f f f f f",
    "i . i i i i i i i . i i i i i i i i",
    ". . . . . . . . . . . . . . . . . .",
    "p . p p p p p p p . p p p p p p p p",
    "m . m m m m m m m . m m m m m m m m",
    "d . d d d d d d d . d d d d d d d d",
    "z . z z z z z z z . z z z z z z z z",
    "n . n n n n n n n . n n n n n n n n",
    "u . u u u u u u u . u u u u u u u u",
    "v . v v v v v v v . v v v v v v v v",
    "t . t t t t t t t . t t t t t t t t",
];

#[test]
fn fill_follows_its_range_table() {
    check_table("^", &FILL);
}

#[test]
fn div_follows_its_range_table() {
    check_table(" div ", &DIV);
}
