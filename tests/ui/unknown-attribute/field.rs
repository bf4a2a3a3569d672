use mpconfig::{Bootstrap, StartMethod};

#[derive(Bootstrap)]
struct App {
    #[mpconfig(start_methd)]
    method: StartMethod,
    #[mpconfig(validate_with = "check")]
    other: bool,
}

fn main() {}
