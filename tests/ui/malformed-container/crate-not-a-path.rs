use mpconfig::{Bootstrap, StartMethod};

#[derive(Bootstrap)]
#[mpconfig(crate = "not a path")]
struct App {
    #[mpconfig(start_method)]
    method: StartMethod,
}

fn main() {}
