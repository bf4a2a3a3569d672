use mpconfig::Bootstrap;

#[derive(Bootstrap)]
union Bits {
    a: u32,
    b: f32,
}

fn main() {}
