use mpconfig::{Bootstrap, StartMethod};

#[derive(Bootstrap)]
#[mpconfig(crate = "mpconfig", crate = "mpconfig")]
struct App {
    #[mpconfig(start_method)]
    method: StartMethod,
}

fn main() {}
