use mpconfig::{Bootstrap, MultiprocessingConfig};

#[derive(Bootstrap)]
struct App {
    #[mpconfig(flatten)]
    a: MultiprocessingConfig,
    #[mpconfig(flatten)]
    b: MultiprocessingConfig,
}

fn main() {}
