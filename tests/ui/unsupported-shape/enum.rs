use mpconfig::Bootstrap;

#[derive(Bootstrap)]
enum Mode {
    Fast,
    Safe,
}

fn main() {}
