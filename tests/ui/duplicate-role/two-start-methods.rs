use mpconfig::{Bootstrap, StartMethod};

#[derive(Bootstrap)]
struct App {
    #[mpconfig(start_method)]
    method: StartMethod,
    #[mpconfig(start_method)]
    fallback: Option<StartMethod>,
}

fn main() {}
