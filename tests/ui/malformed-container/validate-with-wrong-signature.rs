use mpconfig::{Bootstrap, StartMethod};

#[derive(Bootstrap)]
#[mpconfig(validate_with = "rules")]
struct App {
    #[mpconfig(start_method)]
    method: StartMethod,
}

fn rules(_: &App) -> Vec<String> {
    Vec::new()
}

fn main() {}
